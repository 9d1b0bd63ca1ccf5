const contract = {
};
export default contract;
