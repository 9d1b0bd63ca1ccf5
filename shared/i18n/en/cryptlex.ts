const cryptlex = {
};
export default cryptlex;
