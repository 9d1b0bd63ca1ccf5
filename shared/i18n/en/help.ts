const help = {
};
export default help;
