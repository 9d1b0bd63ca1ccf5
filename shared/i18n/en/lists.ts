const lists = {
};
export default lists;
